"""Built-in CSV bank profiles (YAML data, one file per export; the file stem is the profile name)."""
