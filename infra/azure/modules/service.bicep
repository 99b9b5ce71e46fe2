// One gateway service as a Container App: its own user-assigned identity, the shared blob share mounted at /data/blobs,
// probes on the service's own /health and /ready, and either HTTP scaling (ingress) or KEDA's Kafka scaler on the
// consumer lag of its step (workers).

@description('Service name, also the module name: ingress-api, result-store, stt-worker, rag-worker, llm-worker, tts-worker')
param name string
param location string
param environmentId string
param image string
@description('The port the service listens on (server.port in its <module>.yml)')
param port int
@description('external: reachable from the internet (through Front Door); internal: inside the environment; none: no ingress')
@allowed(['external', 'internal', 'none'])
param ingressMode string
param identityId string
param identityClientId string
param cpu string = '1.0'
param memory string = '2Gi'
param minReplicas int = 1
param maxReplicas int = 10
@description('Environment variables beyond the common ones')
param env array = []
@description('Secrets of this app: Key Vault references')
param secrets array = []
@description('For workers: the step topics (interactive and batch lane) whose consumer lag scales the app, one rule each; empty for none')
param lagTopics array = []
@description('For workers: the consumer group of the step (gw-<step>-worker)')
param lagConsumerGroup string = ''
@description('Lag per replica at which KEDA adds one')
param lagThreshold int = 20
param kafkaBootstrap string
param commonEnv array

var scaleRules = empty(lagTopics) ? [
  {
    name: 'http'
    http: { metadata: { concurrentRequests: '200' } }
  }
] : [for (topic, i) in lagTopics: {
  // Container Apps scales to the largest of its rules: a backlog in either lane adds replicas
  name: 'kafka-lag-${i}'
  custom: {
    type: 'kafka'
    metadata: {
      bootstrapServers: kafkaBootstrap
      consumerGroup: lagConsumerGroup
      topic: topic
      lagThreshold: string(lagThreshold)
      offsetResetPolicy: 'earliest'
      tls: 'enable'
      sasl: 'plaintext'
    }
    auth: [
      { secretRef: 'keda-kafka-username', triggerParameter: 'username' }
      { secretRef: 'keda-kafka-password', triggerParameter: 'password' }
    ]
  }
}]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environmentId
    configuration: {
      activeRevisionsMode: 'Single'
      secrets: secrets
      ingress: ingressMode == 'none' ? null : {
        external: ingressMode == 'external'
        targetPort: port
        transport: 'http'
        allowInsecure: false
      }
    }
    template: {
      containers: [
        {
          name: name
          image: image
          resources: { cpu: json(cpu), memory: memory }
          env: concat(commonEnv, [
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
            { name: 'GATEWAY_KAFKA_EVENTHUBS_MANAGEDIDENTITYCLIENTID', value: identityClientId }
            { name: 'SERVER_PORT', value: string(port) }
          ], env)
          volumeMounts: [ { volumeName: 'blobs', mountPath: '/data/blobs' } ]
          probes: [
            {
              type: 'Liveness'
              httpGet: { path: '/health', port: port }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: { path: '/ready', port: port }
              periodSeconds: 5
              failureThreshold: 3
            }
            {
              type: 'Startup'
              httpGet: { path: '/health', port: port }
              periodSeconds: 5
              failureThreshold: 60
            }
          ]
        }
      ]
      volumes: [ { name: 'blobs', storageType: 'AzureFile', storageName: 'blobs' } ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: scaleRules
      }
    }
  }
}

output fqdn string = ingressMode == 'none' ? '' : app.properties.configuration.ingress.fqdn
output principalId string = identityClientId
