// The lexer ip addr and ip link share (see src/formats/shared/iproute2-link/lexer.ts).
export { lexer, describeToken } from '../shared/iproute2-link/lexer';
