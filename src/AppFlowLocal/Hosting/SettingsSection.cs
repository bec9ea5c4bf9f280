using System.Diagnostics.CodeAnalysis;

namespace AppFlowLocal.Hosting;

/// <summary>A configuration section bound to an options class, whose values are checked before anything binds them.</summary>
internal sealed record SettingsSection(
    string Name,
    [property: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
    Type OptionsType);
