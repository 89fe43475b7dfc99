"""Labels: issue, print, reprint, void and verify."""
