#include "firmware/boot/order.h"

struct list {
	struct boot_candidate *out;
	size_t count, max;
};

static bool listed(const struct list *l, enum boot_kind kind, uint16_t number)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->out[i].kind == kind && l->out[i].number == number)
			return true;
	return false;
}

static void add(struct list *l, enum boot_kind kind, uint16_t number)
{
	if (l->count == l->max || listed(l, kind, number))
		return;
	l->out[l->count].kind = kind;
	l->out[l->count].number = number;
	l->count++;
}

size_t boot_order(const struct boot_inputs *in, struct boot_candidate *out, size_t max)
{
	struct list l = { out, 0, max };

	if (in->have_kernel) {
		add(&l, BOOT_KERNEL, 0);
		return l.count;
	}
	if (in->have_boot_next)
		add(&l, BOOT_OPTION, in->boot_next);
	for (size_t i = 0; i < in->boot_order_count; i++)
		add(&l, BOOT_OPTION, in->boot_order[i]);
	for (size_t i = 0; i < in->qemu_devices && i <= UINT16_MAX; i++)
		add(&l, BOOT_QEMU_DEVICE, (uint16_t)i);
	for (size_t i = 0; i < in->file_systems && i <= UINT16_MAX; i++)
		add(&l, BOOT_REMOVABLE, (uint16_t)i);
	return l.count;
}
