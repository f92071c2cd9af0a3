"""What a model file may say: the pydantic schemas of structures, catalogues and
reorganisation plans (with their change events), and the JSON Schema made from them."""
