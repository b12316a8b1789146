"""What people write and who they know: the domain of journalfeed."""
