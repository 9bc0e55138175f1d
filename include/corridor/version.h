/* corridor: the library's version, as `corridor version` prints it and saved runs record. */
#ifndef CORRIDOR_VERSION_H
#define CORRIDOR_VERSION_H

#define CORRIDOR_VERSION "0.1.0"

#endif
