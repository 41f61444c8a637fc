# scripts/tests - host unit tests: python3 -m unittest discover -s scripts/tests -t .
