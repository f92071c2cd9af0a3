"""The ground floor: errors and locations, vocabulary, short labels, text helpers, the CSV
cell codec, the look of a chart as data. Imports nothing else of orgchart."""
