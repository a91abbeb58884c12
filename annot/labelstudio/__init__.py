"""Label Studio sync: labeling config, embedded server, push and pull."""
