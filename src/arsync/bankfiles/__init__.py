"""Built-in bank-statement formats: CSV bank profiles (YAML data) and OFX, camt.053/054, MT940, BAI2."""
