// A stand-in for the AWS Lambda Invoke API with built-in connector functions (see README.md).
LambdaStandIn.LambdaStandInServer.Build(args).Run();
