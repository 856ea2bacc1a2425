"""`mashdb types`: the generator, its command and the TypeScript that uses its output."""
