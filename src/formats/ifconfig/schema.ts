// Records of ifconfig: one per interface, from the 2.x layout ("eth0: flags=…"), the classic
// layout of net-tools 1.60 and BusyBox ("eth0  Link encap:…") or a row of ifconfig -s.
// Fields per net-tools lib/interface.c and BusyBox networking/interface.c.
import { z } from 'zod';
import { Span } from '../../core';

export const IfconfigFlag = z
  .enum([
    'UP', 'BROADCAST', 'DEBUG', 'LOOPBACK', 'POINTOPOINT', 'NOTRAILERS', 'RUNNING', 'NOARP', 'PROMISC',
    'ALLMULTI', 'SLAVE', 'MASTER', 'MULTICAST', 'DYNAMIC',
  ])
  .meta({ id: 'ifconfig/flag', title: 'An interface flag as ifconfig names it (IFF_*)' });
export type IfconfigFlag = z.infer<typeof IfconfigFlag>;

export const IfconfigLayout = z
  .enum(['modern', 'classic', 'short'])
  .meta({
    id: 'ifconfig/layout',
    description: 'modern: net-tools 2.x ("eth0: flags=…"); classic: net-tools 1.60 and BusyBox ("eth0  Link encap:…"); short: ifconfig -s',
  });

const count = z.int().nonnegative().nullable();

export const IfconfigInet = z
  .object({
    family: z.literal('inet'),
    address: z.ipv4(),
    netmask: z.ipv4(),
    prefixLength: z.int().min(0).max(32).meta({ description: 'one bits of netmask' }),
    cidr: z.string().meta({ description: 'address/prefixLength' }),
    broadcast: z.ipv4().nullable(),
    destination: z.ipv4().nullable().meta({ description: 'peer of a point-to-point link ("destination", classic "P-t-P:")' }),
    span: Span,
  })
  .meta({ id: 'ifconfig/inet', title: 'The IPv4 address of an interface' });
export type IfconfigInet = z.infer<typeof IfconfigInet>;

export const IfconfigInet6 = z
  .object({
    family: z.literal('inet6'),
    address: z.string(),
    prefixLength: z.int().min(0).max(128),
    cidr: z.string(),
    scopeid: z.int().nonnegative().nullable().meta({ description: 'the kernel scope bits as printed by 2.x ("0x20"); null in the classic layout' }),
    scope: z.string().meta({ description: 'scope name in English lower case: global, link, site, host, compat (or "compat,global"), unknown' }),
    span: Span,
  })
  .meta({ id: 'ifconfig/inet6', title: 'One IPv6 address of an interface' });
export type IfconfigInet6 = z.infer<typeof IfconfigInet6>;

export const IfconfigAddress = z
  .discriminatedUnion('family', [IfconfigInet, IfconfigInet6])
  .meta({ id: 'ifconfig/address', title: 'An address of an interface' });
export type IfconfigAddress = z.infer<typeof IfconfigAddress>;

export const IfconfigRx = z
  .object({
    packets: count, bytes: count,
    bytesHuman: z.string().nullable().meta({ description: 'the size in parentheses as printed ("8.9 GiB")' }),
    errors: count, dropped: count, overruns: count, frame: count, compressed: count,
  })
  .meta({ id: 'ifconfig/rx', title: 'Receive counters (null where the layout does not print one)' });
export type IfconfigRx = z.infer<typeof IfconfigRx>;

export const IfconfigTx = z
  .object({
    packets: count, bytes: count, bytesHuman: z.string().nullable(),
    errors: count, dropped: count, overruns: count, carrier: count, collisions: count, compressed: count,
  })
  .meta({ id: 'ifconfig/tx', title: 'Transmit counters (null where the layout does not print one)' });
export type IfconfigTx = z.infer<typeof IfconfigTx>;

export const IfconfigDevice = z
  .object({
    interrupt: z.int().nullable(),
    base: z.string().nullable().meta({ description: 'I/O base as printed ("0x1000")' }),
    memory: z.string().nullable().meta({ description: 'memory range as printed ("0xd2600000-d2620000")' }),
    dma: z.string().nullable(),
  })
  .meta({ id: 'ifconfig/device', title: 'Hardware resources ("device interrupt 20  memory …", classic "Interrupt:17 …")' });
export type IfconfigDevice = z.infer<typeof IfconfigDevice>;

export const IfconfigInterface = z
  .object({
    name: z.string().meta({ description: 'as printed, alias included ("eth0:1")' }),
    baseName: z.string().meta({ description: 'the name before the alias colon ("eth0")' }),
    alias: z.string().nullable().meta({ description: 'the alias label after the colon ("1"), null for a plain interface' }),
    layout: IfconfigLayout,
    flags: z.int().nonnegative().nullable().meta({ description: 'the flags number of the 2.x layout (4163); null where not printed' }),
    flagNames: z.array(IfconfigFlag).meta({ description: 'decoded from the number (2.x), the flag words (classic) or letters (-s)' }),
    up: z.boolean(),
    running: z.boolean(),
    mtu: z.int().nonnegative().nullable(),
    metric: z.int().nullable().meta({ description: 'classic "Metric:"; null in the 2.x layout, which does not print it' }),
    hwName: z.string().nullable().meta({ description: 'hardware type name of the 2.x layout ("ether", "loop", "unspec", "tunnel")' }),
    hwTitle: z.string().nullable().meta({ description: 'hardware type title as printed ("Ethernet", "Local Loopback", translated titles kept)' }),
    hwAddress: z.string().nullable().meta({ description: 'as printed ("52:54:00:86:01:89", classic upper case, UNSPEC "00-00-…")' }),
    txqueuelen: z.int().nullable(),
    addresses: z.array(IfconfigAddress),
    rx: IfconfigRx.nullable().meta({ description: 'null where no counters are printed (aliases, "no statistics available")' }),
    tx: IfconfigTx.nullable(),
    device: IfconfigDevice.nullable(),
    span: Span,
  })
  .meta({ id: 'ifconfig/interface', title: 'One interface of ifconfig output' });
export type IfconfigInterface = z.infer<typeof IfconfigInterface>;
