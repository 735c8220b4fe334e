"""The question bank: YAML files validated by a schema, loaded into immutable objects."""
