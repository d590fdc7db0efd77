using System.Text.Json.Serialization;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// The generated mapping between the wire format and the models. Unknown fields of a token
    /// land in its extension data through <see cref="PlainValueConverter"/>; nulls are left out
    /// of the request bodies, so they carry only the fields set.
    /// </summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = new[] { typeof(UtcDateTimeConverter), typeof(AccessTokenStatusConverter), typeof(StringArrayConverter), typeof(PlainValueConverter) })]
    [JsonSerializable(typeof(AccessToken))]
    [JsonSerializable(typeof(AccessTokenPatch))]
    [JsonSerializable(typeof(AccessTokenPost))]
    [JsonSerializable(typeof(ErrorBody))]
    [JsonSerializable(typeof(SuccessBody))]
    [JsonSerializable(typeof(Application))]
    [JsonSerializable(typeof(SignInAnswer))]
    internal sealed partial class AccessTokenJsonContext : JsonSerializerContext
    {
    }
}
