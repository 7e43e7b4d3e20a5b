// graphvae: headless CLI (placeholder entry point until the CLI lands in the next commits).
int main() { return 0; }
