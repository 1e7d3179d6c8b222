#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"sagasu: full-text search for Japanese article archives"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
