import type { WatchlistEntity } from './types.ts';

/**
 * A deterministic watch list of any size for speed tests: Latin and Chinese personal names with
 * aliases, and companies with legal forms. Names repeat parts heavily (many Zhangs, many Smiths),
 * which is what makes blocking hard.
 */
const LATIN_FIRST = `john james maria ahmed mohammed ivan sergei olga anna peter michael david carlos jose
  luis omar yusuf fatima hassan ali igor dmitry elena sofia lucas mateo amir reza hamid khalid nadia
  priya rahul sanjay kenji hiroshi yuki min jun kwame amadou ngozi samuel daniel thomas paul george`;
const LATIN_LAST = `smith johnson garcia martinez rodriguez hernandez lopez gonzalez petrov ivanov smirnov
  kuznetsov popov sokolov hassan hussein rahman khan ahmadi hosseini karimi rezaei nguyen tran le pham
  kim park lee tanaka sato suzuki mensah okafor adeyemi traore diallo keita muller schmidt schneider
  fischer weber rossi russo bianchi ferrari silva santos pereira oliveira kowalski nowak wisniewski`;
const HAN_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const HAN_GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鑫波斌宇浩凯健俊帆帅旭宁龙林欣佳琳云峰海燕飞鹏辉晨阳婷雪慧颖鸿博文志国建新永德春';
const COMPANY_WORDS = `golden star ocean pacific atlas phoenix dragon eagle silver crescent meridian
  zenith aurora horizon summit pioneer harbor falcon jade pearl crown royal united eastern western
  northern southern global prime apex vertex nova orion titan`;
const COMPANY_TAILS = `trading shipping logistics holdings investment mining energy technology group industries`;
const LEGAL = ['Ltd', 'LLC', 'Co., Ltd.', 'Inc', 'GmbH', 'S.A.', 'Limited', 'Corp'];
const HAN_TRADE = '华信兴盛泰丰源达通恒瑞昌隆金银龙凤天宏远鑫海星明东方';
const HAN_INDUSTRY = ['贸易', '物流', '科技', '投资', '能源', '航运', '化工', '实业'];

function split(list: string): string[] {
  return list.trim().split(/\s+/);
}

/** Park-Miller generator: the same seed always gives the same list. */
function random(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

function title(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function syntheticWatchlist(count: number, seed = 20250601): WatchlistEntity[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const first = split(LATIN_FIRST);
  const last = split(LATIN_LAST);
  const words = split(COMPANY_WORDS);
  const tails = split(COMPANY_TAILS);
  const entities: WatchlistEntity[] = [];
  for (let i = 0; i < count; i++) {
    const id = `syn-${i}`;
    const roll = next();
    if (roll < 0.4) {
      const given = title(pick(first));
      const family = title(pick(last));
      const middle = next() < 0.3 ? ` ${title(pick(first))}` : '';
      entities.push({
        id,
        source: 'synthetic',
        kind: 'person',
        names: [`${given}${middle} ${family}`, `${family}, ${given}`],
      });
    } else if (roll < 0.75) {
      const given = pick([...HAN_GIVEN]) + (next() < 0.6 ? pick([...HAN_GIVEN]) : '');
      entities.push({ id, source: 'synthetic', kind: 'person', names: [pick([...HAN_SURNAMES]) + given] });
    } else if (roll < 0.9) {
      const name = `${title(pick(words))} ${title(pick(words))} ${title(pick(tails))} ${pick(LEGAL)}`;
      entities.push({ id, source: 'synthetic', kind: 'organization', names: [name] });
    } else {
      const name = `${pick([...HAN_TRADE])}${pick([...HAN_TRADE])}${pick(HAN_INDUSTRY)}有限公司`;
      entities.push({ id, source: 'synthetic', kind: 'organization', names: [name] });
    }
  }
  return entities;
}
