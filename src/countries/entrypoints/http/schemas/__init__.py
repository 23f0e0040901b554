"""The JSON the API speaks, one module per resource; shared field types live in `common`."""
