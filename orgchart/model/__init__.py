"""The model itself: a resolved structure (units, functions, outside bodies, caps), a
reorganisation plan as data, and the structure as a networkx graph."""
