"""Item types are plugins: one module per type, registered in ``registry``."""
