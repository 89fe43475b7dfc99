"""Dialogs: sign-in, first administrator, lock screen, settings."""
