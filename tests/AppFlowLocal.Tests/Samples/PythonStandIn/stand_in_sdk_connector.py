"""A stand-in for a connector written with the official AppFlow custom-connector Python SDK, which is
not installed here. It keeps the SDK's entry-point contract: a handler class whose lambda_handler(event,
context) dispatches on event['type'], returns a dict (the SDK's to_dict(), nulls included), logs through
the root logger and turns every failure into RuntimeError('Exception while processing the request')
chained to the cause. Like real connectors, it leaves enum members and Decimals in what it returns and
prints to stdout."""

import decimal
import enum
import logging


class OAuth2CustomPropType(enum.Enum):
    TOKEN_URL = 1
    AUTH_URL = 2


class StandInLambdaHandler:
    def lambda_handler(self, event, context):
        logger = logging.getLogger()
        logger.setLevel(logging.INFO)
        try:
            event_type = event['type']
            logger.info('Handling request for requestType: ' + event_type)
            print('a stray print from the connector')
            if event_type == 'DescribeConnectorConfigurationRequest':
                return {
                    'isSuccess': True, 'errorDetails': None,
                    'connectorOwner': 'Stand-in', 'connectorName': 'StandInConnector', 'connectorVersion': '2.0',
                    'connectorModes': ['SOURCE'], 'supportedApiVersions': ['v1'], 'logoURL': None,
                    'authenticationConfig': {
                        'isBasicAuthSupported': None, 'isApiKeyAuthSupported': None, 'isOAuth2Supported': True,
                        'isCustomAuthSupported': None, 'customAuthConfig': None,
                        'oAuth2Defaults': {
                            'tokenURL': ['https://{{subdomain}}.example.com/oauth/token'], 'authURL': None,
                            'oAuth2GrantTypesSupported': ['CLIENT_CREDENTIALS'], 'oAuthScopes': None,
                            'oAuth2CustomProperties': [{'key': 'subdomain', 'required': True, 'label': 'Subdomain',
                                                        'description': None, 'sensitiveField': None,
                                                        'type': OAuth2CustomPropType.TOKEN_URL,
                                                        'connectorSuppliedValues': None}],
                        },
                    },
                    'connectorRuntimeSetting': None,
                    'operatorsSupported': ['EQUAL_TO'], 'triggerFrequenciesSupported': ['DAILY'],
                    'supportedTriggerTypes': ['ONDEMAND'], 'supportedWriteOperations': None,
                    'functionName': context.function_name,
                    'remainingMillis': context.get_remaining_time_in_millis(),
                }
            if event_type == 'DescribeEntityRequest':
                return {'isSuccess': True, 'errorDetails': None, 'cacheControl': None, 'entityDefinition': {
                    'entity': {'entityIdentifier': event['entityIdentifier'], 'hasNestedEntities': False},
                    'fields': [{'fieldName': 'amount', 'dataType': 'BigDecimal', 'constraints': {
                        'allowedValueRange': {'minRange': decimal.Decimal('0'), 'maxRange': decimal.Decimal('99.5')}}}],
                }}
            raise ValueError('No operation is defined for request type: ' + event_type)
        except Exception:
            logger.exception('lambda_handler: Completed with an exception')
            raise RuntimeError('Exception while processing the request')


def lambda_handler(event, context):
    """The module-level entry point a Lambda Handler setting names, as in the SDK's example connector."""
    return StandInLambdaHandler().lambda_handler(event, context)
