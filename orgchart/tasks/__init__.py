"""What the command line asks for, one module a use case: what a model file is and
yields (modelfile), validate, render, build, draw, export, import, diff, doctor; where a
drawing goes (naming); and the build's parts: the files it owns (outputs), drawing in a
process pool (pool), the index page (index)."""
