"""Customer sentiment of a text (positive / neutral / negative), behind one small port."""
