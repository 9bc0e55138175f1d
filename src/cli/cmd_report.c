/* `corridor report` (placeholder until the report module lands). */
#include "cli/cli.h"
int cmd_report(int argc, char **argv) { (void)argc; (void)argv; return EXIT_USAGE; }
