# Connect-Losant, Disconnect-Losant and how every API cmdlet finds its connection:
# parameter, then session, then environment variables.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    # Unconnected, and a connection from the developer's own environment must not leak into these tests.
    $script:State = Enter-TestSuite -ApiVersion '1.3.7' -NoConnection
    # A second API with a token of its own: the recorded requests show which connection was used.
    $script:Other = Start-Emulator -ApiToken 'other-emulator-api-token'

    $script:GetCommand = 'Losant.AccessTokens.Commands.GetAccessTokenCommand'

    function Get-RequestCount {
        param([Parameter(Mandatory)] $Emulator)
        @(Get-EmulatorRequest $Emulator).Count
    }
}

AfterAll {
    Exit-TestSuite $script:State
    Stop-Emulator $script:Other
}

Describe 'Connect-Losant' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Reset-Emulator $script:Other
        Disconnect-Losant
    }

    It 'Connect_sets_the_session_used_by_later_calls' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url
        $tokens = @(Get-AccessToken)
        $tokens.Count | Should -Be 5
        (Get-EmulatorRequest $script:Emulator)[0].headers.Authorization | Should -Be "Bearer $($script:Emulator.ApiToken)"
    }

    It 'Disconnect_clears_the_session_so_no_request_is_sent' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url
        Disconnect-Losant
        $saved = $env:LOSANT_API_TOKEN
        $env:LOSANT_API_TOKEN = $null
        try {
            { Get-AccessToken -BaseUri $script:Emulator.Url -ErrorAction Stop } | Should -Throw -ErrorId 'ApiTokenMissing,Losant.AccessTokens.Commands.GetAccessTokenCommand'
        }
        finally { $env:LOSANT_API_TOKEN = $saved }
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'Connect_without_PassThru_emits_nothing' {
        $output = @(Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url)

        $output.Count | Should -Be 0
    }

    It 'Connect_PassThru_emits_the_settings_<Case> and never the token' -ForEach @(
        @{ Case = 'with their defaults'; Arguments = @{}; MaxRetries = 3; TimeoutSec = 100 }
        @{ Case = 'as given'; Arguments = @{ MaxRetries = 1; TimeoutSec = 7 }; MaxRetries = 1; TimeoutSec = 7 }
    ) {
        $info = Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url -PassThru @Arguments

        @($info).Count | Should -Be 1
        $info.PSObject.Properties.Name | Should -Be @('BaseUri', 'ApiVersion', 'TokenSource', 'SignedIn', 'MaxRetries', 'TimeoutSec', 'Proxy', 'ProxySource', 'ProxyAuthentication', 'ProxyBypass')
        "$($info.TokenSource)" | Should -BeExactly 'Session'
        $info.ApiVersion | Should -BeExactly '1.3.7'
        $info.SignedIn | Should -BeNullOrEmpty
        "$($info.BaseUri)".TrimEnd('/') | Should -Be $script:Emulator.Url
        $info.MaxRetries | Should -Be $MaxRetries
        $info.TimeoutSec | Should -Be $TimeoutSec
        $shown = ($info | Format-List * -Force | Out-String) + ($info | ConvertTo-Json -Depth 3)
        $shown | Should -Not -Match ([regex]::Escape($script:Emulator.ApiToken))
    }

    It 'The_session_MaxRetries_applies_to_later_calls_and_the_parameter_overrides_it' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url -MaxRetries 0
        Set-EmulatorFault $script:Emulator @{ kind = '503'; count = 1 }
        $null = Get-AccessToken -Id $FirstId -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        Get-RequestCount $script:Emulator | Should -Be 1

        Reset-Emulator $script:Emulator
        Set-EmulatorFault $script:Emulator @{ kind = '503'; count = 1 }
        $token = Get-AccessToken -Id $FirstId -MaxRetries 1
        $token.Id | Should -Be $FirstId
        Get-RequestCount $script:Emulator | Should -Be 2
    }
}

Describe 'Connection resolution' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Reset-Emulator $script:Other
        Disconnect-Losant
    }

    # The environment variables a test sets are its own.
    AfterEach {
        $env:LOSANT_API_TOKEN = $null
        $env:LOSANT_API_URL = $null
    }

    It 'The_ApiToken_parameter_beats_the_session_token' {
        Connect-Losant -ApiToken (ConvertTo-SecureString 'session-token' -AsPlainText -Force) -BaseUri $script:Emulator.Url

        $tokens = @(Get-AccessToken -ApiToken $script:Emulator.SecureApiToken)

        $tokens.Count | Should -Be 5
        (Get-EmulatorRequest $script:Emulator).headers.Authorization | Should -BeExactly "Bearer $($script:Emulator.ApiToken)"
    }

    It 'The_session_token_is_sent_when_no_parameter_is_given_and_a_wrong_one_fails_with_AuthenticationFailed' {
        Connect-Losant -ApiToken (ConvertTo-SecureString 'session-token' -AsPlainText -Force) -BaseUri $script:Emulator.Url

        $tokens = @(Get-AccessToken -Id $FirstId -ErrorVariable failures -ErrorAction SilentlyContinue)

        $tokens.Count | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "AuthenticationFailed,$script:GetCommand"
        $failures[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        (Get-EmulatorRequest $script:Emulator).headers.Authorization | Should -BeExactly 'Bearer session-token'
    }

    It 'The_BaseUri_parameter_beats_the_session_base_URI' {
        Connect-Losant -ApiToken $script:Other.SecureApiToken -BaseUri $script:Other.Url

        $null = Get-AccessToken -BaseUri $script:Emulator.Url -ApiToken $script:Emulator.SecureApiToken

        Get-RequestCount $script:Emulator | Should -Be 1
        Get-RequestCount $script:Other | Should -Be 0
    }

    It '<Case>_the_environment_variables' -ForEach @(
        @{ Case = 'The_session_beats'; Session = $true }
        @{ Case = 'Parameters_beat'; Session = $false }
    ) {
        # The session, or else the call's parameters, name this emulator; the environment the other.
        if ($Session) { Connect-Losant @script:Connection }
        $arguments = if ($Session) { @{} } else { $script:Connection }
        $env:LOSANT_API_TOKEN = $script:Other.ApiToken
        $env:LOSANT_API_URL = $script:Other.Url

        $tokens = @(Get-AccessToken @arguments)

        $tokens.Count | Should -Be 5
        (Get-EmulatorRequest $script:Emulator).headers.Authorization | Should -BeExactly "Bearer $($script:Emulator.ApiToken)"
        Get-RequestCount $script:Other | Should -Be 0
    }

    It 'The_environment_variables_alone_are_enough_without_Connect_Losant' {
        $env:LOSANT_API_TOKEN = $script:Other.ApiToken
        $env:LOSANT_API_URL = $script:Other.Url

        $token = Get-AccessToken -Id $FirstId

        $token.Id | Should -Be $FirstId
        (Get-EmulatorRequest $script:Other).headers.Authorization | Should -BeExactly "Bearer $($script:Other.ApiToken)"
        Get-RequestCount $script:Emulator | Should -Be 0
    }

    It 'Without_any_token_the_call_stops_with_ApiTokenMissing_saying_how_to_give_one' {
        $thrown = { Get-AccessToken -BaseUri $script:Emulator.Url -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId "ApiTokenMissing,$script:GetCommand" -PassThru

        $thrown.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $thrown.Exception.Message | Should -Match 'Connect-Losant'
        $thrown.Exception.Message | Should -Match 'LOSANT_API_TOKEN'
        Get-RequestCount $script:Emulator | Should -Be 0
    }

    It 'Plain_HTTP_to_another_computer_is_refused_with_InsecureBaseUri <Source>' -ForEach @(
        @{ Source = 'from the BaseUri parameter' }
        @{ Source = 'from LOSANT_API_URL' }
    ) {
        $arguments = @{ ApiToken = $script:Emulator.SecureApiToken }
        if ($Source -eq 'from the BaseUri parameter') { $arguments.BaseUri = 'http://example.com' }
        if ($Source -eq 'from LOSANT_API_URL') { $env:LOSANT_API_URL = 'http://example.com' }

        $thrown = { Get-AccessToken @arguments -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId "InsecureBaseUri,$script:GetCommand" -PassThru

        $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'Connect_Losant_refuses_plain_HTTP_to_another_computer_and_keeps_the_previous_session' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url

        { Connect-Losant -ApiToken $script:Other.SecureApiToken -BaseUri 'http://example.com' } |
            Should -Throw -ErrorId 'InsecureBaseUri,Losant.AccessTokens.Commands.ConnectLosantCommand'

        $null = Get-AccessToken -Id $FirstId
        (Get-EmulatorRequest $script:Emulator).headers.Authorization | Should -BeExactly "Bearer $($script:Emulator.ApiToken)"
    }

    It 'HTTPS_to_any_host_passes_validation_and_an_unreachable_one_is_a_ConnectionFailed_error' {
        # Nothing listens on port 1: the request is tried and refused at once.
        $null = Get-AccessToken -Id $FirstId -ApiToken $script:Emulator.SecureApiToken -BaseUri 'https://127.0.0.1:1' `
            -MaxRetries 0 -TimeoutSec 10 -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "ConnectionFailed,$script:GetCommand"
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $failures[0].TargetObject | Should -BeExactly $FirstId
    }
}
