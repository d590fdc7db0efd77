namespace Losant.AccessTokens.Api
{
    /// <summary>The form of every Losant id (tokens, applications, instances): 24 hexadecimal characters.</summary>
    public static class LosantId
    {
        /// <summary>True when <paramref name="value"/> is 24 hexadecimal characters.</summary>
        public static bool IsValid(string? value)
        {
            if (value == null || value.Length != 24) return false;
            foreach (var c in value)
            {
                var hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                if (!hex) return false;
            }

            return true;
        }
    }
}
