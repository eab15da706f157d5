// The Database target; see README.md for the architecture. Replaced as the target is built out.
