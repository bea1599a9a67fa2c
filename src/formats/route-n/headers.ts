// Title and column-header lines of route -n, route -ne, route -nee, netstat -rn and their IPv6
// tables, in English and in every translation net-tools 2.10 ships (cs, de, et, fr, ja, pt_BR),
// as printed by the real tools (LANG=C.UTF-8 LANGUAGE=<lang>).

/** Which columns follow Flags in a table: route -n (Metric Ref Use), -e / netstat -rn (MSS Window irtt), -ee (both). */
export type RouteNLayout = 'metric' | 'mss' | 'both';

export const IPV4_TITLES = [
  'Kernel IP routing table',
  'Směrovací tabulka v jádru pro IP',
  'Kernel-IP-Routentabelle',
  'Tuuma IP ruutingutabel',
  'Table de routage IP du noyau',
  'カーネルIP経路テーブル',
  'Tabela de Roteamento IP do Kernel',
] as const;

export const IPV6_TITLES = [
  'Kernel IPv6 routing table',
  'Směrovací tabulka v jádru pro IPv6',
  'Kernel-IPv6-Routentabelle',
  'Tuuma IPv6 ruutingutabel',
  'Table de routage IPv6 du noyau',
  'カーネルIPv6 経路テーブル',
  'Tabela de Roteamento IPv6 do Kernel',
] as const;

export const IPV4_HEADERS: Record<RouteNLayout, readonly string[]> = {
  metric: [
    'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
    'Adresát         Brána           Maska           Přízn Metrik Odkazů Užt Rozhraní',
    'Ziel            Router          Genmask         Flags Metric Ref    Use Iface',
    'Sihtpunkt       Ruuter          Võrgumask       Lipud Meetr  Mitu Kasut Liides',
    'Destination     Passerelle      Genmask         Indic Metric Ref    Use Iface',
    '受信先サイト    ゲートウェイ    ネットマスク   フラグ Metric Ref 使用数 インタフェース',
    'Destino         Roteador        MáscaraGen.    Opções Métrica Ref   Uso Iface',
  ],
  mss: [
    'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface',
    'Adresát         Brána           Maska           Přízn   MSS Okno    irtt Rozhraní',
    'Ziel            Router          Genmask         Flags   MSS Fenster irtt Iface',
    'Sihtpunkt       Ruuter          Võrgumask       Lipud   MSS Aken    irtt Liides',
    'Destination     Passerelle      Genmask         Indic   MSS Fenêtre irtt Iface',
    '受信先サイト    ゲートウェイ    ネットマスク   フラグ   MSS Window  irtt インタフェース',
    'Destino         Roteador        MáscaraGen.    Opções   MSS Janela  irtt Iface',
  ],
  both: [
    'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt',
    'Adresát         Brána           Maska           Přízn Metrik Odkazy Užt Rozhraní MSS   Okno   irtt',
    'Ziel            Gateway         Maske           Flags Metric Ref    Benutzer Iface    MSS   Fenster irtt',
    'Sihtpunkt       Ruuter          Võrgumask       Lipud Meetr  Mitu Kasut Liides   MSS   Aken   irtt',
    'Destination     Passerelle      Genmask         Indic Metric Ref    Use Iface    MSS  Fenêtre irtt',
    '受信先サイト   ゲートウェイ    ネットマスク    フラグ Metric Ref 使用数 Iface    MSS   Window irtt',
    'Destino         Roteador        MáscaraGen     Opções Métrica Ref   Uso Iface    MSS   Janela irtt',
  ],
};

/** net-tools prints the IPv6 header untranslated in every locale. */
export const IPV6_HEADER = 'Destination                    Next Hop                   Flag Met Ref  Use If';
/** BusyBox (and net-tools before 2.0) print the IPv6 table with this header instead. */
export const IPV6_HEADER_WIDE = 'Destination                                 Next Hop                                Flags Metric Ref    Use Iface';

/** route -C / netstat -rnC: the IPv4 routing cache, empty since Linux 3.6 removed it. */
export const CACHE_TITLES = ['Kernel IP routing cache', 'Kernel-IP-Routencache'] as const;
export const CACHE_HEADERS = [
  'Source          Destination     Gateway         Flags Metric Ref    Use Iface',
  'Source          Destination     Gateway         Flags   MSS Window  irtt Iface',
] as const;
