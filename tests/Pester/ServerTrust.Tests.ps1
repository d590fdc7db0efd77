# A server whose certificate does not validate is not the Losant API as far as the module can
# tell: one SecurityError that says why, at once, after exactly one connection attempt, with
# nothing sent over it and the token never disclosed.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    # HTTPS with a self-signed certificate that this machine does not trust; each call is connected by $Connection.
    $script:State = Enter-TestSuite -Https -NoConnection

    function Measure-Connection([scriptblock] $Action) {
        # Connections the action opened: under TLS 1.3 the server finishes its handshake before the
        # client judges the certificate, so a rejected certificate shows as a connection, not as a
        # failed handshake. Reading the counts opens connections too; that cost is measured first.
        $before = (Get-EmulatorConnection $script:Emulator).connections
        $reading = (Get-EmulatorConnection $script:Emulator).connections - $before
        $start = $before + $reading
        & $Action
        Start-Sleep -Milliseconds 200
        (Get-EmulatorConnection $script:Emulator).connections - $start - $reading
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'A server certificate that does not validate' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Clear-EmulatorConnection $script:Emulator
    }

    It 'Is_one_SecurityError_naming_the_reason_after_exactly_one_attempt <Case>' -ForEach @(
        @{ Case = 'for a get with retries allowed'; Invoke = { Get-AccessToken -Id $FirstId -MaxRetries 3 @script:Connection -ErrorVariable failures -ErrorAction SilentlyContinue } }
        @{ Case = 'for a listing'; Invoke = { Get-AccessToken -MaxRetries 3 @script:Connection -ErrorVariable failures -ErrorAction SilentlyContinue } }
        @{ Case = 'for a creation'; Invoke = { New-AccessToken -Name 'never sent' -MaxRetries 3 @script:Connection -ErrorVariable failures -ErrorAction SilentlyContinue } }
    ) {
        $output = $null
        $opened = Measure-Connection { $script:output = @(. $Invoke); $script:failures = $failures }
        $output = $script:output
        $failures = $script:failures

        $output.Count | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CertificateNotTrusted,*'
        $failures[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $failures[0].ErrorDetails.Message | Should -Match 'certificate .* is not trusted: its chain does not validate'
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $opened | Should -Be 1 -Because 'a certificate that does not validate is never retried'
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'Never_shows_the_token_in_the_error' {
        $null = Get-AccessToken -Id $FirstId @script:Connection -ErrorVariable failures -ErrorAction SilentlyContinue

        $text = ($failures[0] | Out-String) + ($failures[0] | Format-List * -Force | Out-String) + ($failures[0].Exception | Format-List * -Force | Out-String)
        $text | Should -Not -Match ([regex]::Escape($script:Emulator.ApiToken))
    }
}
