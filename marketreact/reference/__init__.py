"""Hand-written reference tables (stock indices, ...) and the small resolvers that read them."""
