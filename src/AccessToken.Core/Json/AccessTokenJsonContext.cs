using System.Text.Json.Serialization;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// The generated mapping between the wire format and the wire types (<see cref="AccessTokenWire"/>,
    /// <see cref="ApplicationWire"/>) and request bodies. Unknown fields are skipped here and kept
    /// by <see cref="UnknownFields"/>; nulls are left out of the request bodies, so they carry only
    /// the fields set.
    /// </summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = new[] { typeof(UtcDateTimeConverter), typeof(AccessTokenStatusConverter), typeof(StringArrayConverter) })]
    [JsonSerializable(typeof(AccessTokenWire))]
    [JsonSerializable(typeof(AccessTokenPatch))]
    [JsonSerializable(typeof(AccessTokenPost))]
    [JsonSerializable(typeof(ErrorBody))]
    [JsonSerializable(typeof(SuccessBody))]
    [JsonSerializable(typeof(ApplicationWire))]
    [JsonSerializable(typeof(SignInAnswer))]
    internal sealed partial class AccessTokenJsonContext : JsonSerializerContext
    {
    }
}
