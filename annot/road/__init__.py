"""The one road from Label Studio data to a dataset: read -> select -> validate -> adjudicate ->
export, streaming, with one ledger."""
