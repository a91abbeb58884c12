"""Hugging Face export: dataset configs, features, splits and the dataset card."""
