"""Reference data for the security master: importers that turn public security lists into the bundled world master."""
