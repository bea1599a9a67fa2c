// Records of /run/flannel/subnet.env: one per variable, the value typed by what flanneld writes
// there (main.go writeSubnetFile: FLANNEL_NETWORK, FLANNEL_SUBNET, FLANNEL_IPV6_NETWORK,
// FLANNEL_IPV6_SUBNET, FLANNEL_MTU, FLANNEL_IPMASQ); other variables keep their text.
import { z } from 'zod';
import { Span } from '../../core';

const name = z.string().meta({ description: 'the variable name as written' });

export const FlannelSubnetEnvEntry = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('cidr'), name, value: z.string().meta({ description: 'as written: FLANNEL_SUBNET is the node\'s first address and its prefix (10.244.0.1/24)' }),
      address: z.string(), prefixLength: z.int().min(0).max(128), span: Span,
    }).meta({ id: 'flannel-subnet-env/cidr', title: 'A network or subnet variable' }),
    z.object({ type: z.literal('number'), name, value: z.int(), span: Span }).meta({ id: 'flannel-subnet-env/number', title: 'FLANNEL_MTU' }),
    z.object({ type: z.literal('boolean'), name, value: z.boolean(), span: Span }).meta({ id: 'flannel-subnet-env/boolean', title: 'FLANNEL_IPMASQ' }),
    z.object({ type: z.literal('text'), name, value: z.string(), span: Span }).meta({ id: 'flannel-subnet-env/text', title: 'Any other variable, its value kept as text' }),
  ])
  .meta({ id: 'flannel-subnet-env/entry', title: 'One variable of /run/flannel/subnet.env' });
export type FlannelSubnetEnvEntry = z.infer<typeof FlannelSubnetEnvEntry>;
