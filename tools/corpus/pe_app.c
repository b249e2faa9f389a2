/*
 * A minimal EFI application for the PE seed corpus: built by
 * pe-from-debian.sh with clang + lld-link, it carries the layout and DIR64
 * base relocations (one per pointer below) that lld-link gives EFI apps.
 */
static const char greeting[] = "efilite";
static unsigned long long calls;

const char *volatile greeting_ptr = greeting;
unsigned long long *volatile calls_ptr = &calls;

unsigned long long efi_main(void *image, void *system_table)
{
	(void)image;
	(void)system_table;
	(*calls_ptr)++;
	return greeting_ptr[0] == 'e' ? 0 : 1;
}
