/*
 * hello.c - the smallest user program: proves that exec, the initial stack
 * (argc/argv) and write to the console work before anything else does.
 * `hello a b` prints "hello, world" and then each argument on a line.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("hello, world\n");
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	return 0;
}
