# The API token and a token's secret never reach an output stream, an error, a string view or a
# transcript; the request trace says what happened without them.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    # A token no other text could contain by chance; each call is connected by $Connection.
    $script:ApiToken = 'apiTok-7f3c9d1e-SECRET-b2a8'
    $script:State = Enter-TestSuite -ApiVersion '1.3.7' -ApiToken $script:ApiToken -NoConnection

    # Everything a user or a log could see of a run: every stream, as records and as text,
    # plus each error's exception chain.
    function Get-VisibleText([scriptblock] $Action) {
        $records = @(& $Action *>&1)
        $text = [System.Text.StringBuilder]::new()
        foreach ($record in $records) {
            $null = $text.AppendLine(($record | Out-String))
            $null = $text.AppendLine("$record")
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                $null = $text.AppendLine($record.Exception.ToString())
                $null = $text.AppendLine(($record | Format-List * -Force | Out-String))
                $null = $text.AppendLine(($record.Exception | Format-List * -Force | Out-String))
                $null = $text.AppendLine("$($record.ErrorDetails)")
            }
        }
        $text.ToString()
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'The API token' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Never_appears_in_any_stream_of_successful_calls_with_Verbose_and_Debug' {
        $visible = Get-VisibleText {
            $DebugPreference = 'Continue'
            $InformationPreference = 'Continue'
            Get-AccessToken @script:Connection -Verbose
            Get-AccessToken -Id 5a0000000000000000000001 @script:Connection -Verbose
            Set-AccessToken -Id 5a0000000000000000000001 -Status Inactive @script:Connection -Verbose
        }
        $visible | Should -Match 'GET http://127\.0\.0\.1:\d+/access-tokens\?_actions=false&_links=true&_embedded=true -> 200 OK in \d+ ms'
        $visible | Should -Match 'Authorization: REDACTED'
        $visible | Should -Not -Match ([regex]::Escape($script:ApiToken))
    }

    It 'Never_appears_in_errors_after_retries_and_failures' {
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; path = '5a0000000000000000000002'; kind = 'status'; status = 503; retryAfter = '0' }
        $visible = Get-VisibleText {
            $DebugPreference = 'Continue'
            $ErrorActionPreference = 'Continue'
            Get-AccessToken -Id 5a0000000000000000000002 @script:Connection -Verbose -MaxRetries 1
            Get-AccessToken -Id 5a00000000000000000000ff @script:Connection -Verbose
            Get-AccessToken -Id 5a0000000000000000000001 -BaseUri $script:Emulator.Url -ApiToken (ConvertTo-SecureString "wrong-$($script:ApiToken)" -AsPlainText -Force)
        }
        $visible | Should -Match 'Retrying GET'
        $visible | Should -Match 'AuthenticationFailed'
        $visible | Should -Not -Match ([regex]::Escape($script:ApiToken))
    }

    It 'Never_appears_in_a_transcript' {
        $transcript = Join-Path $TestDrive 'transcript.txt'
        Start-Transcript -Path $transcript -Force | Out-Null
        try {
            $DebugPreference = 'Continue'
            Get-AccessToken @script:Connection -Verbose | Out-Host
            Get-AccessToken -Id 5a00000000000000000000ff @script:Connection -Verbose -ErrorAction Continue 2>&1 | Out-Host
            New-AccessToken -Name 'transcribed' @script:Connection -Verbose | Format-List * -Force | Out-Host
        }
        finally {
            $DebugPreference = 'SilentlyContinue'
            Stop-Transcript | Out-Null
        }
        $content = Get-Content $transcript -Raw
        $content | Should -Match 'transcribed'
        $content | Should -Not -Match ([regex]::Escape($script:ApiToken))
        $secret = (Get-EmulatorToken $script:Emulator | Where-Object name -EQ 'transcribed').token
        $secret | Should -Not -BeNullOrEmpty
        $content | Should -Not -Match ([regex]::Escape($secret))
    }

    It 'Is_not_shown_by_Connect_Losant_PassThru' {
        $visible = Get-VisibleText { Connect-Losant @script:Connection -PassThru -Verbose | Format-List * -Force | Out-String }
        Disconnect-Losant
        $visible | Should -Match 'BaseUri'
        $visible | Should -Not -Match ([regex]::Escape($script:ApiToken))
    }
}

Describe 'A new token''s secret' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Arrives_as_a_SecureString_holding_the_secret_and_nowhere_else' {
        $visible = Get-VisibleText {
            $DebugPreference = 'Continue'
            $created = New-AccessToken -Name 'secret keeper' @script:Connection -Verbose
            $created
            $created | Format-List | Out-String
            $created | Format-List * -Force | Out-String
            $created | Format-Table * -Force | Out-String
            "$created"
            $created.ToString()
            $created | ConvertTo-Json -Depth 5
            $created | ConvertTo-Csv
            $global:CreatedForSecretTest = $created
        }
        $secret = (Get-EmulatorToken $script:Emulator | Where-Object name -EQ 'secret keeper').token
        $secret | Should -Not -BeNullOrEmpty
        $visible | Should -Not -Match ([regex]::Escape($secret))
        $global:CreatedForSecretTest.Token | Should -BeOfType ([securestring])
        [System.Net.NetworkCredential]::new('', $global:CreatedForSecretTest.Token).Password | Should -BeExactly $secret
        Remove-Variable CreatedForSecretTest -Scope Global
    }
}

Describe 'Transport safety' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Connect_Losant_refuses_plain_HTTP_to_another_host_and_keeps_no_session' {
        Disconnect-Losant
        { Connect-Losant -ApiToken $script:Connection.ApiToken -BaseUri 'http://api.example.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InsecureBaseUri,Losant.AccessTokens.Commands.ConnectLosantCommand'
        $saved = $env:LOSANT_API_TOKEN
        $env:LOSANT_API_TOKEN = $null
        try {
            { Get-AccessToken -ErrorAction Stop } | Should -Throw -ErrorId 'ApiTokenMissing,*'
        }
        finally { $env:LOSANT_API_TOKEN = $saved }
    }

    It 'The_environment_base_URI_is_held_to_the_same_rule' {
        $saved = $env:LOSANT_API_URL
        $env:LOSANT_API_URL = 'http://api.example.com'
        try {
            { Get-AccessToken -ApiToken $script:Connection.ApiToken -ErrorAction Stop } | Should -Throw -ErrorId 'InsecureBaseUri,*'
        }
        finally { $env:LOSANT_API_URL = $saved }
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }
}
