// kubectl get services|pods|nodes|endpoints (table output, -A, -o wide) and -o json / -o yaml
// objects (Node, Pod, Service, Endpoints, EndpointSlice): what the registry sees.
import { defineFormat, type FormatModule } from '../format';
import { KUBECTL_GET_ID, parseKubectlGet } from './parse';
import { printKubectlGet } from './print';
import { KubectlGetRow } from './schema';
import { sniffKubectlGet } from './sniff';

export const kubectlGet: FormatModule<KubectlGetRow> = defineFormat<KubectlGetRow>({
  id: KUBECTL_GET_ID,
  title: 'kubectl get (services, pods, nodes, endpoints; tables, -o json, -o yaml)',
  commands: [
    'kubectl get svc', 'kubectl get services', 'kubectl get svc -A', 'kubectl get svc -o wide',
    'kubectl get pods -o wide', 'kubectl get pods -A -o wide', 'kubectl get nodes -o wide', 'kubectl get endpoints',
    'kubectl get nodes -o json', 'kubectl get nodes -o yaml', 'kubectl get pods -A -o json', 'kubectl get svc,endpoints -o yaml',
    'kubectl get endpointslices -o json',
  ],
  schema: KubectlGetRow,
  // ParseOptions from the command: { namespace } for "-n NS"
  parse: (text, options) => parseKubectlGet(text, { namespace: options?.namespace }),
  sniff: sniffKubectlGet,
  print: printKubectlGet,
});

export { parseKubectlGet, printKubectlGet, sniffKubectlGet, KubectlGetRow };
export { KubectlService, KubectlPod, KubectlNode, KubectlEndpoints, KubectlServicePort } from './schema';
export {
  KubernetesNodeObject, KubernetesPodObject, KubernetesServiceObject, KubernetesEndpointsObject, KubernetesServicePort,
  KubernetesEndpointAddress, FlannelNodeAnnotations,
} from '../shared/kubernetes/schema';
export type { KubectlGetOptions } from './parse';
