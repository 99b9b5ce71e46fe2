// The Enterprise AI Gateway on Azure: Container Apps per service, Event Hubs Premium (Kafka endpoint) with every topic
// pre-created, Key Vault, one user-assigned managed identity per service, Application Insights, an Azure Files share for
// the blob store, and Front Door in front of the ingress. docs/deployment-azure.md walks through it;
// DeploymentFilesTest (all-in-one) checks it against the project (topics, consumer groups, ports, settings).
//
//   az deployment group create -g <rg> -f infra/azure/main.bicep -p namePrefix=contoso-gw imageRegistry=<acr>.azurecr.io \
//     bootstrapAdminKey=<gwk_...> webhookSigningKey=<openssl rand -base64 32>

targetScope = 'resourceGroup'

@description('Prefix of every resource name (lower case letters, digits and dashes)')
@minLength(3)
@maxLength(16)
param namePrefix string
param location string = resourceGroup().location
@description('Registry holding the images built from infra/docker/Dockerfile, e.g. contoso.azurecr.io')
param imageRegistry string
param imageTag string = 'latest'
@description('Partitions of each step topic: the most replicas a worker can use')
@minValue(1)
@maxValue(100)
param partitions int = 12
@description('Event Hubs Premium processing units')
@allowed([1, 2, 4, 8, 16])
param processingUnits int = 1
@description('Azure OpenAI endpoint, e.g. https://contoso.openai.azure.com (the llm worker signs in with its identity)')
param openAiEndpoint string = ''
@description('Azure OpenAI deployment that serves the default chat model')
param openAiDeployment string = ''
@description('Azure AI Search endpoint, e.g. https://contoso.search.windows.net')
param searchEndpoint string = ''
@description('Azure AI Search index of the knowledge base')
param searchIndex string = 'knowledge-base'
@description('The first admin API key, kept in Key Vault: echo "gwk_$(openssl rand -hex 8)_$(openssl rand -base64 32 | tr \'+/\' \'-_\' | tr -d =)"')
@secure()
param bootstrapAdminKey string
@description('The key every ingress replica derives batch webhook secrets from, kept in Key Vault; the same on all replicas, or signatures fail to verify: openssl rand -base64 32')
@secure()
@minLength(32)
param webhookSigningKey string
@description('Region of the Azure Speech resource, e.g. westeurope')
param speechRegion string = ''
@description('Azure Speech custom-domain endpoint, e.g. https://contoso-speech.cognitiveservices.azure.com (Entra ID sign-in needs the custom domain)')
param speechEndpoint string = ''

var services = {
  'ingress-api': { port: 8080, ingress: 'external', min: 2, max: 10, cpu: '1.0', memory: '2Gi', step: '' }
  // one replica: Streams' interactive queries forward to the owner of a job by its advertised URL, and Container
  // Apps replicas have no URL of their own; see docs/operations.md for scaling it out
  'result-store': { port: 8085, ingress: 'internal', min: 1, max: 1, cpu: '1.0', memory: '2Gi', step: '' }
  'stt-worker': { port: 8081, ingress: 'none', min: 1, max: 12, cpu: '2.0', memory: '4Gi', step: 'stt' }
  'rag-worker': { port: 8082, ingress: 'none', min: 1, max: 6, cpu: '1.0', memory: '2Gi', step: 'rag' }
  'llm-worker': { port: 8083, ingress: 'none', min: 1, max: 12, cpu: '0.5', memory: '1Gi', step: 'llm' }
  'tts-worker': { port: 8084, ingress: 'none', min: 1, max: 6, cpu: '1.0', memory: '2Gi', step: 'tts' }
}

// every topic of the Topics registry (schemas), and the changelogs of the result store's Kafka Streams stores
var topics = [
  { name: 'gw.step.stt', compact: false, retentionHours: 24 }
  { name: 'gw.step.rag', compact: false, retentionHours: 24 }
  { name: 'gw.step.llm', compact: false, retentionHours: 24 }
  { name: 'gw.step.tts', compact: false, retentionHours: 24 }
  // the batch lane of each step: items of batches wait here while interactive jobs go first, so they may wait longer
  { name: 'gw.step.stt.batch', compact: false, retentionHours: 72 }
  { name: 'gw.step.rag.batch', compact: false, retentionHours: 72 }
  { name: 'gw.step.llm.batch', compact: false, retentionHours: 72 }
  { name: 'gw.step.tts.batch', compact: false, retentionHours: 72 }
  { name: 'gw.events', compact: false, retentionHours: 72 }
  { name: 'gw.dlt', compact: false, retentionHours: 168 }
  { name: 'gw.config', compact: true, retentionHours: 168 }
  { name: 'gw.ingest', compact: false, retentionHours: 72 }
  { name: 'gw.documents', compact: true, retentionHours: 168 }
  // batch manifests, item starts and ends, retries and webhook outcomes, keyed by batch id: kept a week, longer than
  // any batch runs (its state lives on in the result store's changelogs)
  { name: 'gw.batches', compact: false, retentionHours: 168 }
  { name: 'gw-result-store-job-state-changelog', compact: true, retentionHours: 168 }
  { name: 'gw-result-store-job-events-changelog', compact: true, retentionHours: 168 }
  { name: 'gw-result-store-job-index-changelog', compact: true, retentionHours: 168 }
  { name: 'gw-result-store-batch-state-changelog', compact: true, retentionHours: 168 }
  { name: 'gw-result-store-batch-items-changelog', compact: true, retentionHours: 168 }
]

// ---- monitoring ----

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// ---- identities and secrets ----

resource identities 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = [for s in items(services): {
  name: '${namePrefix}-${s.key}'
  location: location
}]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${namePrefix}-kv'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
}

var keyVaultSecretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource vaultReaders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (s, i) in items(services): {
  name: guid(vault.id, identities[i].id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: keyVaultSecretsUser
    principalId: identities[i].properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

// ---- Event Hubs (the Kafka endpoint) ----

resource eventHubs 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: '${namePrefix}-ehns'
  location: location
  sku: { name: 'Premium', tier: 'Premium', capacity: processingUnits }
  properties: {
    kafkaEnabled: true
    minimumTlsVersion: '1.2'
    disableLocalAuth: false // KEDA's Kafka scaler signs in with a SAS connection string (listen only)
  }
}

resource hubs 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = [for t in topics: {
  parent: eventHubs
  name: t.name
  properties: {
    partitionCount: partitions
    retentionDescription: t.compact ? {
      cleanupPolicy: 'Compact'
      tombstoneRetentionTimeInHours: t.retentionHours
    } : {
      cleanupPolicy: 'Delete'
      retentionTimeInHours: t.retentionHours
    }
  }
}]

resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bootstrap-admin-key'
  properties: { value: bootstrapAdminKey }
}

resource webhookKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'webhook-signing-key'
  properties: { value: webhookSigningKey }
}

resource scalerRule 'Microsoft.EventHub/namespaces/authorizationRules@2024-01-01' = {
  parent: eventHubs
  name: 'keda-scaler-listen'
  properties: { rights: [ 'Listen' ] }
}

resource scalerSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'keda-kafka-password'
  properties: { value: scalerRule.listKeys().primaryConnectionString }
}

var eventHubsDataOwner = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'f526a384-b230-433a-b45c-95f59c4a2dec')

// sending and receiving on every topic, and reading consumer-group offsets: the Data Owner role at namespace scope,
// as the Kafka endpoint's OAUTHBEARER sign-in needs for consumer groups
resource eventHubsUsers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (s, i) in items(services): {
  name: guid(eventHubs.id, identities[i].id, eventHubsDataOwner)
  scope: eventHubs
  properties: {
    roleDefinitionId: eventHubsDataOwner
    principalId: identities[i].properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

// ---- blob store: an Azure Files share mounted by every service at /data/blobs ----

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take(replace('${namePrefix}blobs', '-', ''), 24)
  location: location
  sku: { name: 'Standard_ZRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    largeFileSharesState: 'Enabled'
  }
}

resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource share 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = {
  parent: fileService
  name: 'blobs'
  properties: { shareQuota: 1024 }
}

// ---- Container Apps ----

// the environment's managed OpenTelemetry agent sends the services' spans to Application Insights; it injects
// OTEL_EXPORTER_OTLP_ENDPOINT, which GatewayTracing reads
resource environment 'Microsoft.App/managedEnvironments@2024-10-02-preview' = {
  name: '${namePrefix}-env'
  location: location
  properties: {
    appInsightsConfiguration: {
      connectionString: insights.properties.ConnectionString
    }
    openTelemetryConfiguration: {
      tracesConfiguration: { destinations: [ 'appInsights' ] }
    }
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [ { name: 'Consumption', workloadProfileType: 'Consumption' } ]
  }
}

resource environmentStorage 'Microsoft.App/managedEnvironments/storages@2024-10-02-preview' = {
  parent: environment
  name: 'blobs'
  properties: {
    azureFile: {
      accountName: storage.name
      accountKey: storage.listKeys().keys[0].value
      shareName: share.name
      accessMode: 'ReadWrite'
    }
  }
}

var kafkaBootstrap = '${eventHubs.name}.servicebus.windows.net:9093'

// what every service gets: the Event Hubs profile, JSON logs, the blob share, Application Insights
var commonEnv = [
  { name: 'GATEWAY_KAFKA_EVENTHUBS_ENABLED', value: 'true' }
  { name: 'GATEWAY_KAFKA_EVENTHUBS_NAMESPACE', value: '${eventHubs.name}.servicebus.windows.net' }
  { name: 'GATEWAY_PIPELINE_BLOBROOT', value: '/data/blobs' }
  { name: 'LOGGING_STRUCTURED_FORMAT_CONSOLE', value: 'ecs' }
]

var serviceEnv = {
  'ingress-api': [
    { name: 'GATEWAY_INGRESS_RESULTSTOREURL', value: 'http://result-store:80' }
    { name: 'GATEWAY_INGRESS_AUTH_BOOTSTRAPADMINKEY', secretRef: 'bootstrap-admin-key' }
    // one key for every replica: the replica that hands a batch its webhook secret is rarely the one that signs
    { name: 'GATEWAY_INGRESS_BATCHES_WEBHOOK_SIGNINGKEY', secretRef: 'webhook-signing-key' }
  ]
  'result-store': [
    { name: 'GATEWAY_RESULTS_STATEDIR', value: '/tmp/streams' }
    { name: 'GATEWAY_RESULTS_ADVERTISEDURL', value: 'http://result-store:80' }
  ]
  'stt-worker': empty(speechRegion) ? [] : [
    { name: 'GATEWAY_STT_PROVIDER', value: 'azure-speech' }
    { name: 'GATEWAY_STT_AZURESPEECH_REGION', value: speechRegion }
    { name: 'GATEWAY_STT_AZURESPEECH_ENDPOINT', value: speechEndpoint }
  ]
  'rag-worker': empty(searchEndpoint) ? [] : [
    { name: 'GATEWAY_RAG_PROVIDER', value: 'azure-ai-search' }
    { name: 'GATEWAY_RAG_AZUREAISEARCH_ENDPOINT', value: searchEndpoint }
    { name: 'GATEWAY_RAG_AZUREAISEARCH_INDEX', value: searchIndex }
  ]
  'llm-worker': empty(openAiEndpoint) ? [] : [
    { name: 'GATEWAY_LLM_PROVIDERS_AZURE_TYPE', value: 'azure-openai' }
    { name: 'GATEWAY_LLM_PROVIDERS_AZURE_ENDPOINT', value: openAiEndpoint }
    { name: 'GATEWAY_LLM_PROVIDERS_AZURE_DEPLOYMENT', value: openAiDeployment }
  ]
  'tts-worker': empty(speechRegion) ? [] : [
    { name: 'GATEWAY_TTS_PROVIDER', value: 'azure-speech' }
    { name: 'GATEWAY_TTS_AZURESPEECH_REGION', value: speechRegion }
    { name: 'GATEWAY_TTS_AZURESPEECH_ENDPOINT', value: speechEndpoint }
  ]
}

module apps 'modules/service.bicep' = [for (s, i) in items(services): {
  name: 'app-${s.key}'
  dependsOn: [ environmentStorage, hubs, eventHubsUsers, vaultReaders ]
  params: {
    name: s.key
    location: location
    environmentId: environment.id
    image: '${imageRegistry}/aigateway/${s.key}:${imageTag}'
    port: s.value.port
    ingressMode: s.value.ingress
    identityId: identities[i].id
    identityClientId: identities[i].properties.clientId
    cpu: s.value.cpu
    memory: s.value.memory
    minReplicas: s.value.min
    maxReplicas: s.value.max
    kafkaBootstrap: kafkaBootstrap
    commonEnv: commonEnv
    env: serviceEnv[s.key]
    lagTopics: empty(s.value.step) ? [] : [ 'gw.step.${s.value.step}', 'gw.step.${s.value.step}.batch' ]
    lagConsumerGroup: empty(s.value.step) ? '' : 'gw-${s.value.step}-worker'
    secrets: s.key == 'ingress-api' ? [
      { name: 'bootstrap-admin-key', keyVaultUrl: adminKeySecret.properties.secretUri, identity: identities[i].id }
      { name: 'webhook-signing-key', keyVaultUrl: webhookKeySecret.properties.secretUri, identity: identities[i].id }
    ] : empty(s.value.step) ? [] : [
      { name: 'keda-kafka-username', value: '$ConnectionString' }
      { name: 'keda-kafka-password', keyVaultUrl: scalerSecret.properties.secretUri, identity: identities[i].id }
    ]
  }
}]

// ---- Front Door in front of the ingress ----

resource frontDoor 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: '${namePrefix}-fd'
  location: 'global'
  sku: { name: 'Standard_AzureFrontDoor' }
}

resource frontDoorEndpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = {
  parent: frontDoor
  name: '${namePrefix}-api'
  location: 'global'
  properties: { enabledState: 'Enabled' }
}

resource origins 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: frontDoor
  name: 'ingress'
  properties: {
    loadBalancingSettings: { sampleSize: 4, successfulSamplesRequired: 3 }
    healthProbeSettings: { probePath: '/ready', probeProtocol: 'Https', probeRequestType: 'GET', probeIntervalInSeconds: 30 }
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: origins
  name: 'ingress-api'
  properties: {
    hostName: apps[0].outputs.fqdn
    originHostHeader: apps[0].outputs.fqdn
    httpsPort: 443
    priority: 1
    weight: 1000
  }
}

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: frontDoorEndpoint
  name: 'api'
  dependsOn: [ origin ]
  properties: {
    originGroup: { id: origins.id }
    supportedProtocols: [ 'Https' ]
    patternsToMatch: [ '/*' ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
  }
}

output apiHost string = frontDoorEndpoint.properties.hostName
output eventHubsNamespace string = '${eventHubs.name}.servicebus.windows.net'
output keyVaultName string = vault.name
