"""Helpers the test suite shares (private CUPS scheduler, …)."""
