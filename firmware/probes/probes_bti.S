/* A function whose only landing pad is its first instruction (probes.c). */
	.text
	.global probe_bti_target
	.type probe_bti_target, %function
probe_bti_target:
	bti	c
	nop
	ret
	.size probe_bti_target, . - probe_bti_target
