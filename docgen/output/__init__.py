"""Writers: the only stage that touches the file system."""
