"""What the command line asks for, one module a use case: what a model file is and
yields, validate, build, draw, export, import, doctor."""
