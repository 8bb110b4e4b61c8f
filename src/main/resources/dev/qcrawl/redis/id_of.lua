-- ARGV: URL. Its id, given (with a node not yet reached) if it has none.
return id_of(ARGV[1])
