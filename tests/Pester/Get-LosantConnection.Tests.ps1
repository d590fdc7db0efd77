# Get-LosantConnection: the connection a call would use, decided as the cmdlets decide it (from
# the parameters, the session, a sign-in or the environment), with the proxy and where each part
# comes from, and never a token or a password. Connect-Losant -PassThru writes the same. Last,
# the proxy parameters that no cmdlet accepts, refused before any request.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    # Secrets no other text could contain by chance; no connection or proxy from the developer's environment.
    $script:State = Enter-TestSuite -ApiToken 'apiTok-5b2e-CONNECTION-a71c' -NoConnection -Clear 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'
    $script:ProxyPassword = 'proxyPw-0d4c-SECRET-9be3'
    $script:Password = 'pw-c3a8-SIGNIN-41f0'
    $script:ProxyCredential = [pscredential]::new('proxy-user', (ConvertTo-SecureString $script:ProxyPassword -AsPlainText -Force))
    $script:Command = 'Losant.AccessTokens.Commands.GetLosantConnectionCommand'

    # Everything a user could look at: the default view, every property, and JSON.
    function Get-Shown($Connection) {
        ($Connection | Out-String) + ($Connection | Format-List * -Force | Out-String) + ($Connection | ConvertTo-Json -Depth 4) + "$Connection"
    }

    function Assert-NoSecret([string] $Text) {
        foreach ($secret in $script:Emulator.ApiToken, $script:ProxyPassword, $script:Password) { $Text | Should -Not -Match ([regex]::Escape($secret)) }
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Get-LosantConnection' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Disconnect-Losant
    }

    AfterEach {
        foreach ($name in 'LOSANT_API_TOKEN', 'LOSANT_API_URL', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY') { [Environment]::SetEnvironmentVariable($name, $null) }
    }

    It 'Shows_a_token_given_as_a_parameter_with_the_settings_given_beside_it' {
        $connection = Get-LosantConnection -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url -ApiVersion 1.3.7 -MaxRetries 1 -TimeoutSec 9

        $connection.PSObject.TypeNames[0] | Should -BeExactly 'Losant.AccessTokens.Connection.LosantConnection'
        "$($connection.TokenSource)" | Should -BeExactly 'Parameter'
        "$($connection.BaseUri)".TrimEnd('/') | Should -Be $script:Emulator.Url
        $connection.ApiVersion | Should -BeExactly '1.3.7'
        $connection.MaxRetries | Should -Be 1
        $connection.TimeoutSec | Should -Be 9
        $connection.SignedIn | Should -BeNullOrEmpty
        $connection.Proxy | Should -BeNullOrEmpty
        "$($connection.ProxySource)" | Should -BeExactly 'Default'
        Assert-NoSecret (Get-Shown $connection)
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0 -Because 'showing the connection sends nothing'
    }

    It 'Shows_the_session_and_is_what_Connect_Losant_PassThru_wrote' {
        $written = Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url -MaxRetries 5 -TimeoutSec 30 `
            -Proxy 'http://127.0.0.1:3128' -ProxyCredential $script:ProxyCredential -PassThru
        $connection = Get-LosantConnection

        foreach ($shown in $written, $connection) {
            $shown.PSObject.TypeNames[0] | Should -BeExactly 'Losant.AccessTokens.Connection.LosantConnection'
            "$($shown.TokenSource)" | Should -BeExactly 'Session'
            $shown.MaxRetries | Should -Be 5
            $shown.TimeoutSec | Should -Be 30
            $shown.Proxy | Should -BeExactly 'http://127.0.0.1:3128'
            "$($shown.ProxySource)" | Should -BeExactly 'Session'
            $shown.ProxyAuthentication | Should -BeExactly 'Credential'
            Assert-NoSecret (Get-Shown $shown)
        }
        (Get-Shown $connection) | Should -Not -Match 'proxy-user' -Because 'the proxy is shown without user information'
    }

    It 'Shows_what_a_call_with_its_parameters_would_use_instead_of_the_session' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url -Proxy 'http://127.0.0.1:3128'

        $connection = Get-LosantConnection -NoProxy -MaxRetries 0

        "$($connection.TokenSource)" | Should -BeExactly 'Session'
        $connection.Proxy | Should -BeNullOrEmpty
        "$($connection.ProxySource)" | Should -BeExactly 'Parameter'
        $connection.MaxRetries | Should -Be 0
    }

    It 'Shows_a_sign_in_and_the_user_signed_in' {
        Set-EmulatorUser $script:Emulator -Email 'user@example.com' -Password $script:Password -NoTwoFactor | Out-Null
        $credential = [pscredential]::new('user@example.com', (ConvertTo-SecureString $script:Password -AsPlainText -Force))
        Connect-Losant -Credential $credential -BaseUri $script:Emulator.Url

        $connection = Get-LosantConnection

        "$($connection.TokenSource)" | Should -BeExactly 'SignIn'
        $connection.SignedIn | Should -BeExactly 'user@example.com'
        Assert-NoSecret (Get-Shown $connection)
    }

    It 'Shows_the_environment_with_the_proxy_of_HTTPS_PROXY_without_its_user_information' {
        $env:LOSANT_API_TOKEN = $script:Emulator.ApiToken
        $env:LOSANT_API_URL = 'https://api.example.com'
        $env:HTTPS_PROXY = "http://proxy-user:$($script:ProxyPassword)@127.0.0.1:3128"
        $env:NO_PROXY = 'localhost, .internal.example.com'

        $connection = Get-LosantConnection

        "$($connection.TokenSource)" | Should -BeExactly 'Environment'
        "$($connection.BaseUri)" | Should -BeExactly 'https://api.example.com/'
        $connection.Proxy | Should -BeExactly 'http://127.0.0.1:3128'
        "$($connection.ProxySource)" | Should -BeExactly 'Environment'
        $connection.ProxyAuthentication | Should -BeExactly 'Credential'
        $connection.ProxyBypass | Should -Be @('localhost', 'internal.example.com')
        $shown = Get-Shown $connection
        Assert-NoSecret $shown
        $shown | Should -Not -Match 'proxy-user'
    }

    It 'Shows_that_the_session_credentials_go_to_the_proxy_of_HTTPS_PROXY_and_a_call_may_send_the_default_ones' {
        $env:HTTPS_PROXY = 'http://127.0.0.1:3128'
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri 'https://api.example.com' -ProxyCredential $script:ProxyCredential

        $session = Get-LosantConnection
        $call = Get-LosantConnection -ProxyUseDefaultCredentials

        foreach ($shown in $session, $call) {
            $shown.Proxy | Should -BeExactly 'http://127.0.0.1:3128'
            "$($shown.ProxySource)" | Should -BeExactly 'Environment'
        }
        $session.ProxyAuthentication | Should -BeExactly 'Credential'
        $call.ProxyAuthentication | Should -BeExactly 'DefaultCredentials'
        Assert-NoSecret (Get-Shown $session)
    }

    It 'Shows_no_proxy_for_a_base_URI_that_NO_PROXY_names' {
        $env:HTTPS_PROXY = 'http://127.0.0.1:3128'
        $env:NO_PROXY = 'example.com'

        $connection = Get-LosantConnection -ApiToken $script:Emulator.SecureApiToken -BaseUri 'https://api.example.com'

        $connection.Proxy | Should -BeNullOrEmpty
        "$($connection.ProxySource)" | Should -BeExactly 'Environment'
    }

    It 'Refuses_what_a_cmdlet_would_refuse_with_the_same_error <Case>' -ForEach @(
        @{ Case = 'no token anywhere'; Arguments = @{}; ErrorId = 'ApiTokenMissing' }
        @{ Case = 'an insecure base URI'; Arguments = @{ BaseUri = 'http://api.example.com' }; ErrorId = 'InsecureBaseUri' }
        @{ Case = 'contradicting proxy parameters'; Arguments = @{ Proxy = 'http://127.0.0.1:3128'; NoProxy = $true }; ErrorId = 'ProxyParametersConflict' }
        @{ Case = 'a proxy that is no proxy address'; Arguments = @{ Proxy = 'ftp://127.0.0.1:21' }; ErrorId = 'InvalidProxy' }
    ) {
        if ($Case -ne 'no token anywhere') { $Arguments.ApiToken = $script:Emulator.SecureApiToken }

        { Get-LosantConnection @Arguments } | Should -Throw -ErrorId "$ErrorId,$script:Command"
        if ($Case -ne 'no token anywhere') {
            { Get-AccessToken @Arguments } | Should -Throw -ErrorId "$ErrorId,Losant.AccessTokens.Commands.GetAccessTokenCommand"
        }
    }
}

Describe 'Proxy parameters that cannot work' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Disconnect-Losant
    }

    It 'Stops_with_ProxyParametersConflict_before_any_request <Case>' -ForEach @(
        @{ Case = '-NoProxy with -Proxy'; Arguments = @{ NoProxy = $true; Proxy = 'http://127.0.0.1:1' } }
        @{ Case = '-NoProxy with -ProxyUseDefaultCredentials'; Arguments = @{ NoProxy = $true; ProxyUseDefaultCredentials = $true } }
        @{ Case = '-ProxyCredential with -ProxyUseDefaultCredentials'; Arguments = @{ ProxyCredential = [pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force)); ProxyUseDefaultCredentials = $true } }
    ) {
        { Get-AccessToken -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url @Arguments } |
            Should -Throw -ErrorId "ProxyParametersConflict,Losant.AccessTokens.Commands.GetAccessTokenCommand"
        { Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url @Arguments } |
            Should -Throw -ErrorId 'ProxyParametersConflict,Losant.AccessTokens.Commands.ConnectLosantCommand'
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'An_HTTPS_PROXY_that_is_no_address_stops_with_InvalidProxy_without_showing_it' {
        $env:HTTPS_PROXY = "http://proxy-user:$($script:ProxyPassword)@[not an address"
        try {
            $failure = { Get-AccessToken -ApiToken $script:Emulator.SecureApiToken -BaseUri ($script:Emulator.Url -replace '^http:', 'https:') } |
                Should -Throw -ErrorId "InvalidProxy,Losant.AccessTokens.Commands.GetAccessTokenCommand" -PassThru
        }
        finally { $env:HTTPS_PROXY = $null }

        $failure.Exception.Message | Should -Match 'HTTPS_PROXY'
        Assert-NoSecret (($failure | Format-List * -Force | Out-String) + $failure.TargetObject)
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }
}
