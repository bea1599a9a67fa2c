// Tokens of one line of iptables-save: the lexer every iptables listing of rules shares
// (src/formats/shared/iptables/lexer.ts), an instance of its own.
import { createIptablesLexer, describeIptablesToken, IPTABLES_SKELETON } from '../shared/iptables/lexer';

export const lexer = createIptablesLexer();
export const describeToken = describeIptablesToken;
export const skeleton = IPTABLES_SKELETON;
