/**
 * Every Mandarin syllable in toneless Hanyu Pinyin, as pinyin-pro spells the CJK Unified Ideographs
 * block, with ü folded to u (Lü and Lu are both written Lu on passports). Lone m, n and ng (interjections)
 * are left out: they would let ordinary Latin names pass for pinyin.
 */
const SYLLABLES = `
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce
cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun
chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de den deng di dia dian diao die ding diu dong
dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen
geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai
huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao
ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian
liang liao lie lin ling liu long lou lu luan lue lun luo ma mai man mang mao me mei men meng mi mian miao
mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong
nou nu nuan nue nuo o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian
qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run
ruo sa sai san sang sao se sen seng sha shai shan shang shao she shen sheng shi shou shu shua shuai
shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie
ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing
xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao
ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui
zhun zhuo zi zong zou zu zuan zui zun zuo`;

export const PINYIN_SYLLABLES: ReadonlySet<string> = new Set(SYLLABLES.trim().split(/\s+/));

/** The longest syllable (zhuang, chuang, shuang) bounds the segmentation search. */
export const MAX_SYLLABLE_LETTERS = 6;

/** Romanisations of ü that are spelled out on documents: Lyu, Lv, Nyu, Nv. */
const U_UMLAUT_SPELLINGS: ReadonlyMap<string, string> = new Map([
  ['lv', 'lu'],
  ['lyu', 'lu'],
  ['nv', 'nu'],
  ['nyu', 'nu'],
  ['lve', 'lue'],
  ['nve', 'nue'],
]);

export function foldUmlautSpelling(token: string): string {
  return U_UMLAUT_SPELLINGS.get(token) ?? token;
}

/**
 * Splits a run of letters into pinyin syllables, fewest syllables first (so "xian" stays one syllable,
 * as a name would be written), ties broken towards the longer first syllable. Null if impossible.
 */
export function segmentPinyin(letters: string): string[] | null {
  const n = letters.length;
  if (n === 0 || n > 40) return null;
  // best[i] = fewest syllables covering letters[i..]; next[i] = length of the syllable starting at i.
  const best = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  const next = new Array<number>(n + 1).fill(0);
  best[n] = 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let len = Math.min(MAX_SYLLABLE_LETTERS, n - i); len >= 1; len--) {
      if (!PINYIN_SYLLABLES.has(letters.slice(i, i + len))) continue;
      const cost = best[i + len]! + 1;
      if (cost < best[i]!) {
        best[i] = cost;
        next[i] = len;
      }
    }
  }
  if (!Number.isFinite(best[0]!)) return null;
  const out: string[] = [];
  for (let i = 0; i < n; i += next[i]!) out.push(letters.slice(i, i + next[i]!));
  return out;
}
