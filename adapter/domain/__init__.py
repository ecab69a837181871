"""The canonical record model, commands and errors. Nothing here does I/O or imports a wire library."""
