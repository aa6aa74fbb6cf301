"""The project's locale formats (settings.FORMAT_MODULE_PATH), over Django's."""
