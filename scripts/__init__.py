# scripts - the build and run tools (a package so scripts/tests can import them).
