"""Files shipped with the package: the starter manual of `opsmanual init`."""
